// text-readability ships no types; the one function the tests use.
declare module 'text-readability' {
  const readability: { fleschKincaidGrade(text: string): number };
  export default readability;
}
