/** strata reports: PNG image grids and charts, AUROC, and atomic file writes. */
export { auroc, rocCurve, type RocPoint } from './auroc.js';
export { auprc, detectionMetrics, fprAtTpr, type DetectionMetrics } from './detection.js';
export { histogramPng, lineChartPng, type HistogramGroup, type HistogramOptions, type LineChartOptions, type LineSeries } from './chart.js';
export { overlayChartPng, overlaySpec, type FloorRule, type OverlayOptions, type RunSeries } from './overlay-chart.js';
export { imageGridPng, type ImageGridOptions } from './png-grid.js';
export { writeFileAtomic } from './write-file.js';
