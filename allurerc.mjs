// Allure 3 report: one self-contained HTML file (readable from file://). scripts/report/html-report.ts
// removes the analytics script Allure always embeds, so the report makes no outside calls.
export default {
  name: 'pod-conformance',
  output: 'reports/html',
  plugins: {
    awesome: {
      options: {
        reportName: 'pod-conformance',
        singleFile: true,
        groupBy: ['epic', 'feature'],
      },
    },
  },
};
