/* The analysis page's directly-follows graph (ECharts, vendored). The data comes from a JSON data block
   (never executed), so the Content-Security-Policy's script-src 'self' holds. Activities are laid out in
   columns by their first position in the process (breadth-first from the start activities). */
(function () {
  "use strict";

  var COLUMN_WIDTH = 210;
  var ROW_HEIGHT = 90;

  function formatSeconds(seconds) {
    if (seconds === null || seconds === undefined) {
      return "–";
    }
    var hours = seconds / 3600;
    if (hours >= 24) {
      return (hours / 24).toFixed(1) + " d";
    }
    if (hours >= 1) {
      return hours.toFixed(1) + " h";
    }
    return Math.round(seconds / 60) + " min";
  }

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
        x: x * COLUMN_WIDTH,
        y: y * ROW_HEIGHT,
        symbol: "roundRect",
        symbolSize: [150, 48],
        value: node.count,
        itemStyle: {
          color: "rgba(0, 112, 107, " + (0.15 + 0.55 * node.count / highest).toFixed(2) + ")",
          borderColor: "#00706b"
        },
        label: {
          show: true,
          formatter: node.name + "\n" + node.count + " · " + medianLabel + " " + formatSeconds(node.median_seconds),
          color: "#212529",
          fontSize: 11,
          width: 140,
          overflow: "truncate"
        }
      };
    });
    var tallest = 1;
    Object.keys(rowsUsed).forEach(function (key) {
      tallest = Math.max(tallest, rowsUsed[key]);
    });
    element.style.height = Math.max(260, tallest * ROW_HEIGHT + 120) + "px";
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
          formatter: edge.source + " → " + edge.target + "<br>" + edge.count + "<br>" + meanLabel + " " +
            formatSeconds(edge.mean_seconds) + " · " + medianLabel + " " + formatSeconds(edge.median_seconds)
        }
      };
    });
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: {},
      series: [{
        type: "graph",
        layout: "none",
        roam: true,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        data: nodes,
        links: links,
        lineStyle: { color: "#6c757d", opacity: 0.8 },
        left: 90,
        right: 90,
        top: 40,
        bottom: 40
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-graph-source]").forEach(draw);
  });
})();
