export { barChart, histogram } from './charts.ts';
export { gatherReportData, type ReportData } from './data.ts';
export { type Methodology, renderReport } from './html.ts';
