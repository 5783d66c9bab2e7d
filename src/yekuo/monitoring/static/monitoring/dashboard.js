/* The dashboard's charts (ECharts, vendored). No inline script: the Content-Security-Policy allows scripts
   from this origin only. Sections are replaced by htmx every few seconds; their charts are drawn again
   after each swap and the old ones disposed of before it. */
(function () {
  "use strict";

  var TONES = {
    overdue: { fill: "#f8d7da", border: "#b02a37" },
    warning: { fill: "#fff3cd", border: "#c77700" },
    bottleneck: { fill: "#ffe5d0", border: "#d9480f" },
    busy: { fill: "#e6f3f2", border: "#00706b" },
    idle: { fill: "#f8f9fa", border: "#adb5bd" }
  };
  var NODE_WIDTH = 160;
  var NODE_HEIGHT = 62;
  var COLUMN_WIDTH = 195;
  var ROW_HEIGHT = 96;
  var NODE_MARGIN = 85;
  var NODE_MARGIN_VERTICAL = 44;

  function followLink(url) {
    if (url) {
      window.location.assign(url);
    }
  }

  function drawFlowChart(element) {
    if (window.echarts.getInstanceByDom(element)) {
      return;
    }
    var data = JSON.parse(element.getAttribute("data-flow-chart"));
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 16, top: 32, bottom: 40 },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.days.map(function (day) { return day.slice(5); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: element.getAttribute("data-received-label"), type: "bar", data: data.received,
          itemStyle: { color: "#00706b" } },
        { name: element.getAttribute("data-completed-label"), type: "bar", data: data.completed,
          itemStyle: { color: "#6c757d" } }
      ]
    });
    chart.on("click", function (event) {
      var urls = event.seriesIndex === 0 ? data.received_urls : data.completed_urls;
      followLink(urls[event.dataIndex]);
    });
  }

  function nodeLabel(node, labels) {
    var median = node.median_days === null ? labels.no_data : labels.median_days.replace("%(days)s", node.median_days);
    return "{name|" + node.name + "}\n{count|" + node.open + "} " + labels.open + "\n" + median;
  }

  /* Columns follow the definition's order; a long process wraps into bands (left to right, then right
     to left below it), so every stage keeps a readable size whatever the width. Positions are in pixels and the view box is
     set to the same size, so ECharts draws them one to one. */
  function placeNodes(element, map) {
    var columns = 1;
    var rows = 1;
    map.nodes.forEach(function (node) {
      columns = Math.max(columns, node.x + 1);
      rows = Math.max(rows, node.y + 1);
    });
    var usableWidth = Math.max(element.clientWidth - 2 * NODE_MARGIN, COLUMN_WIDTH);
    var perBand = Math.max(2, Math.min(columns, Math.floor(usableWidth / COLUMN_WIDTH) + 1));
    var bands = Math.ceil(columns / perBand);
    var spacing = perBand > 1 ? Math.min(usableWidth / (perBand - 1), COLUMN_WIDTH * 1.4) : 0;
    var bandRows = rows + 0.5;
    var totalRows = (bands - 1) * bandRows + rows;
    var width = (perBand - 1) * spacing;
    var height = (totalRows - 1) * ROW_HEIGHT;
    element.style.height = (height + 2 * NODE_MARGIN_VERTICAL) + "px";
    var left = (element.clientWidth - width) / 2;
    var positions = {};
    map.nodes.forEach(function (node) {
      var band = Math.floor(node.x / perBand);
      var column = node.x % perBand;
      // Every other band runs right to left, so the flow turns down at the edge instead of crossing back.
      positions[node.id] = {
        x: (band % 2 === 1 ? perBand - 1 - column : column) * spacing,
        y: (band * bandRows + node.y) * ROW_HEIGHT
      };
    });
    return { positions: positions, left: left, width: width, height: height };
  }

  function drawProcessMap(element, map) {
    var labels = map.labels;
    var place = placeNodes(element, map);
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    var nodes = map.nodes.map(function (node) {
      var tone = TONES[node.tone] || TONES.idle;
      return {
        id: node.id,
        name: node.name,
        x: place.positions[node.id].x,
        y: place.positions[node.id].y,
        value: node.open,
        url: node.url,
        symbol: "roundRect",
        symbolSize: [NODE_WIDTH, NODE_HEIGHT],
        itemStyle: {
          color: tone.fill,
          borderColor: tone.border,
          borderWidth: node.tone === "idle" ? 1 : 2,
          borderType: node.customer_owned ? "dashed" : "solid"
        },
        label: { show: true, formatter: nodeLabel(node, labels) }
      };
    });
    var edges = map.edges.map(function (edge) {
      return {
        source: edge.source,
        target: edge.target,
        value: edge.count,
        lineStyle: edge["return"]
          ? { type: "dashed", color: "#b02a37", curveness: 0.35, width: 1 }
          : { color: "#6c757d", curveness: 0, width: edge.count ? 2 : 1 },
        label: {
          show: edge.count > 0,
          formatter: edge["return"] ? labels.returns + " " + edge.count : String(edge.count),
          color: edge["return"] ? "#b02a37" : "#495057"
        }
      };
    });
    chart.setOption({
      animation: false,
      tooltip: {
        formatter: function (params) {
          if (params.dataType === "node") {
            var node = map.nodes[params.dataIndex];
            return node.name + "<br>" + node.open + " " + labels.open + " · " + node.warning + " / " + node.overdue;
          }
          return params.data.source + " → " + params.data.target + ": " + params.data.value;
        }
      },
      series: [{
        type: "graph",
        layout: "none",
        roam: false,
        left: place.left,
        width: place.width || 1,
        top: NODE_MARGIN_VERTICAL,
        height: place.height || 1,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        label: {
          color: "#212529",
          fontSize: 11,
          lineHeight: 15,
          width: NODE_WIDTH - 10,
          overflow: "truncate",
          ellipsis: "…",
          rich: { name: { fontWeight: "bold", fontSize: 12 }, count: { fontWeight: "bold", fontSize: 13 } }
        },
        edgeLabel: { fontSize: 11 },
        data: nodes,
        links: edges
      }]
    });
    chart.on("click", function (event) {
      if (event.dataType === "node") {
        followLink(event.data.url);
      }
    });
    element.setAttribute("data-rendered", String(map.nodes.length));
  }

  function loadProcessMap(element) {
    if (element.getAttribute("data-requested")) {
      return;
    }
    element.setAttribute("data-requested", "1");
    fetch(element.getAttribute("data-process-map-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (map) { if (map) { drawProcessMap(element, map); } });
  }

  function drawCharts(root) {
    if (!window.echarts) {
      return;
    }
    root.querySelectorAll("[data-flow-chart]").forEach(drawFlowChart);
    root.querySelectorAll("[data-process-map-url]").forEach(loadProcessMap);
  }

  function disposeCharts(root) {
    root.querySelectorAll(".yekuo-chart").forEach(function (element) {
      var chart = window.echarts && window.echarts.getInstanceByDom(element);
      if (chart) {
        chart.dispose();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:beforeSwap", function (event) { disposeCharts(event.detail.target); });
  document.addEventListener("htmx:afterSettle", function () { drawCharts(document); });
  window.addEventListener("resize", function () {
    document.querySelectorAll(".yekuo-chart").forEach(function (element) {
      var chart = window.echarts && window.echarts.getInstanceByDom(element);
      if (chart) {
        chart.resize();
      }
    });
  });
}());
