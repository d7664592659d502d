// Placeholder deploy-time seeding entry (CloudFormation custom resource, Provider framework onEvent).
// Replaced by the real implementation that writes the shipped policy versions into the table idempotently.
export const handler = async () => ({ PhysicalResourceId: 'policies' });
