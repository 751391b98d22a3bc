/** Training: configuration, the guarded loop, EMA, optimizers, checkpoints and logs. */
export { defaultOptimizer, describeObjective, trainConfig, type ObjectiveConfig, type OptimizerConfig, type TrainConfig } from './config.js';
export { createOptimizer, type ApplyOptions, type Optimizer } from './optimizer.js';
export { createEma, emaDecayAt, updateEma } from './ema.js';
export { objectiveOf, samplesFor, type Objective } from './objective.js';
export { modelBatch, modelBatches, stepBatch } from './batch.js';
export { trainStep, type StepContext, type StepStats } from './step.js';
export { createTrainState, disposeTrainState, nextPosition, type TrainState } from './state.js';
export { intervalRecord, type LogRecord, type RecordContext } from './record.js';
export { stepSeed, train, type TrainHooks, type TrainSummary } from './loop.js';
export { loadCheckpoint, saveCheckpoint, type Checkpoint, type CheckpointManifest, type FileEntry, type RunMeta } from './checkpoint.js';
export { restoreTrainState } from './resume.js';
export { appendRecord, formatRecord, progress, readRecords, type Progress } from './log.js';
export { evaluateBounds, scoreExamples, type EvalOptions, type EvalReport } from './evaluation.js';
export { anomalyScores, defaultScoreLayers, likelihoodRatio, type AnomalyOptions, type AnomalyScore } from './anomaly-scores.js';
export { priorSampleGrid, reconstructionGrid, trainingCharts, type ImageFormat } from './artifacts.js';
export { fit, type FitOptions, type FitResult } from './fit.js';
