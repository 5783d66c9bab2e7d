/* The analysis page's directly-follows graph (ECharts, vendored). The data comes from a JSON data block
   (never executed), so the Content-Security-Policy's script-src 'self' holds. Activities are laid out in
   columns by their first position in the process (breadth-first from the start activities). Durations come formatted in the page's language. */
(function () {
  "use strict";

  var NODE_WIDTH = 150;
  var NODE_HEIGHT = 48;
  var MARGIN = NODE_WIDTH / 2 + 10;
  var MARGIN_VERTICAL = 40;
  var ROW_HEIGHT = 90;

  function columnsOf(data) {
    var column = {};
    var queue = [];
    data.nodes.forEach(function (node) {
      if (node.start > 0) {
        column[node.name] = 0;
        queue.push(node.name);
      }
    });
    while (queue.length) {
      var name = queue.shift();
      data.edges.forEach(function (edge) {
        if (edge.source === name && column[edge.target] === undefined) {
          column[edge.target] = column[name] + 1;
          queue.push(edge.target);
        }
      });
    }
    data.nodes.forEach(function (node) {
      if (column[node.name] === undefined) {
        column[node.name] = 0;
      }
    });
    return column;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-graph-source"));
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var escape = window.echarts.format.encodeHTML;  // activity names of an imported log are not trusted
    if (!data.nodes.length) {
      element.hidden = true;
      return;
    }
    var medianLabel = element.getAttribute("data-label-median");
    var meanLabel = element.getAttribute("data-label-mean");
    var column = columnsOf(data);
    var rowsUsed = {};
    var highest = 1;
    var widest = 0;
    data.nodes.forEach(function (node) {
      highest = Math.max(highest, node.count);
    });
    var nodes = data.nodes.map(function (node) {
      var x = column[node.name];
      var y = rowsUsed[x] || 0;
      rowsUsed[x] = y + 1;
      widest = Math.max(widest, x);
      return {
        name: node.name,
        value: [x, y],
        symbol: "roundRect",
        symbolSize: [NODE_WIDTH, NODE_HEIGHT],
        tooltip: { formatter: escape(node.label) + "<br>" + node.count + " · " + medianLabel + " " + node.median_text },
        itemStyle: {
          color: "rgba(0, 112, 107, " + (0.15 + 0.55 * node.count / highest).toFixed(2) + ")",
          borderColor: "#00706b"
        },
        label: {
          show: true,
          formatter: node.label + "\n" + node.count + " · " + medianLabel + " " + node.median_text,
          color: "#212529",
          fontSize: 11,
          width: NODE_WIDTH - 10,
          overflow: "truncate"
        }
      };
    });
    var tallest = 1;
    Object.keys(rowsUsed).forEach(function (key) {
      tallest = Math.max(tallest, rowsUsed[key]);
    });
    /* Columns and rows on hidden value axes: the nodes keep their size in pixels whatever the layout. */
    element.style.height = (tallest * ROW_HEIGHT + 2 * MARGIN_VERTICAL) + "px";
    var highestEdge = 1;
    data.edges.forEach(function (edge) {
      highestEdge = Math.max(highestEdge, edge.count);
    });
    var links = data.edges.map(function (edge) {
      return {
        source: edge.source,
        target: edge.target,
        value: edge.count,
        lineStyle: { width: 1 + 5 * edge.count / highestEdge, curveness: edge.source === edge.target ? 0.6 : 0.15 },
        label: { show: true, formatter: String(edge.count), fontSize: 10 },
        tooltip: {
          formatter: escape(edge.source_label) + " → " + escape(edge.target_label) + "<br>" + edge.count + "<br>" + meanLabel + " " +
            edge.mean_text + " · " + medianLabel + " " + edge.median_text
        }
      };
    });
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: {},
      grid: { left: MARGIN, right: MARGIN, top: MARGIN_VERTICAL, bottom: MARGIN_VERTICAL },
      xAxis: { type: "value", show: false, min: widest > 0 ? 0 : -1, max: widest > 0 ? widest : 1 },
      yAxis: { type: "value", show: false, inverse: true, min: -0.5, max: tallest - 0.5 },
      series: [{
        type: "graph",
        coordinateSystem: "cartesian2d",
        roam: false,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        data: nodes,
        links: links,
        lineStyle: { color: "#6c757d", opacity: 0.8 }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-graph-source]").forEach(draw);
  });
})();
