// Placeholder entry point; replaced by the real Apollo handler in the foundation work.
export const handler = async (): Promise<{ statusCode: number; body: string }> => ({ statusCode: 503, body: 'starting' });
