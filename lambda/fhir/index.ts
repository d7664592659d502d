// The FHIR door's pure parts (Da Vinci PAS): see README.md in this folder.
export * from './fact-tree';
export * from './questionnaire';
export * from './questionnaire-response';
export * from './pas-request';
export * from './pas-response';
export * from './operation-outcome';
export * from './capability-statement';
