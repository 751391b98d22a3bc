/**
 * Synchronous data-parallel training over MPI: the optional binding, the
 * world of ranks, gradient averaging, agreement, parameter sync and batch
 * sharding. See README "Distributed training".
 */
export { defaultMpiPath, installHint, loadMpi, mpiBuilt, type MpiArray, type MpiBinding, type MpiOp } from './binding.js';
export { endWorld, isWriter, launchedByMpirun, startWorld, type World } from './world.js';
export { allReduceGradients } from './gradients.js';
export { broadcastParams, checkParamsInSync, paramsHash } from './params-sync.js';
export { perRankBatchSize, shardBatch, shardBatcher, shardSeed } from './shard.js';
export { agreeAny, agreeMeans, distributedStep, meanOverRanks, type RankStepHooks } from './step-hooks.js';
export { agreeStop, DEFAULT_SYNC_EVERY, describeSync, finishWorld, joinRun, openDistributed, syncCheck, type DistributedRun, type RankHooks } from './distributed-run.js';
export { evalShard } from './evaluation.js';
