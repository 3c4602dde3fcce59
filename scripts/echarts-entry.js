// The ECharts the dashboard ships: only the chart types and components its option builders
// use (src/pools/chart_options.rs, src/devices/usage/chart_options.rs; the pool embed's gauge is plain SVG), drawn
// on canvas. scripts/post-build.sh bundles it with esbuild into echarts.custom.min.js, which
// defines the same `echarts` global (init, getInstanceByDom, ...) src/ui/charts/echarts.rs binds.
import * as echarts from "echarts/core";
import { BarChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, TooltipComponent, LegendComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
]);

globalThis.echarts = echarts;
