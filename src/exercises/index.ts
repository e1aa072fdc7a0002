// The exercise format's public surface: schema, types and loader helpers that take text.
export {
  KINDS,
  STEP_ACTIONS,
  EXPECTATION_TYPES,
  DIAGNOSTIC_EXPECTATIONS,
  exerciseFileSchema,
  checkSchema,
  expectationSchema,
  scenarioSchema,
  stepSchema,
  questionSchema,
} from './schema';
export type { Exercise, ExerciseFile, Check, Expectation, ExpectationType, Scenario, ScenarioStep, Question, QuizOption, StepAction } from './schema';
export { ExerciseFormatError, formatIssues, formatPath } from './format-error';
export { parseExerciseDefinition, buildExercise, assertUniqueIds, quizSolution, expectedFailingCheck, parseAnswers } from './load';
export type { ExerciseSources } from './load';
export { BUNDLE_FORMAT, BUNDLE_VERSION, progressBundleSchema, parseProgressBundle, answersSchema } from './bundle';
export type { ProgressBundle, BundleSubmission, BundleParse, Answers } from './bundle';
export { parseDemoDefinition, demoAsExercise, assertUniqueDemoIds, demoFileSchema, claimSchema } from './demo';
export type { Demo, Claim } from './demo';
