// The leaders' dashboard: each <div class="chart" data-table="ID" data-columns="1,2" data-chart="bar|line|pie">
// draws the columns of the table beside it with Apache ECharts (served from this service), so the chart and
// the table always show the same figures. A cell's number is its data-value, else its text.
(function () {
  'use strict';
  var COLORS = ['#0b57d0', '#1e8e3e', '#f29900', '#b3261e', '#7e57c2', '#00838f'];

  function number(cell) {
    var v = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
    var n = parseFloat(String(v).replace(',', '.'));
    return isNaN(n) ? 0 : n;
  }

  function read(table, columns) {
    var heads = table.tHead.rows[0].cells;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    return {
      labels: rows.map(function (r) { return r.cells[0].textContent.trim(); }),
      series: columns.map(function (c) {
        return { name: heads[c].textContent.trim(), values: rows.map(function (r) { return number(r.cells[c]); }) };
      })
    };
  }

  function option(kind, data, unit) {
    // richText tooltips: drawn on the canvas, no HTML with inline styles (the console's CSP forbids them).
    var tooltip = { trigger: kind === 'pie' ? 'item' : 'axis', renderMode: 'richText' };
    if (kind === 'pie') {
      return {
        color: COLORS, tooltip: tooltip, legend: { bottom: 0 },
        series: [{ type: 'pie', radius: ['35%', '65%'], name: data.series[0].name,
          data: data.labels.map(function (l, i) { return { name: l, value: data.series[0].values[i] }; }) }]
      };
    }
    var horizontal = kind === 'bar';
    var category = { type: 'category', data: data.labels, axisLabel: { width: 110, overflow: 'truncate' } };
    var value = { type: 'value', minInterval: 1, max: unit === '%' ? 100 : null,
      axisLabel: { formatter: unit === '%' ? '{value} %' : '{value}' } };
    return {
      color: COLORS, tooltip: tooltip, legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
      series: data.series.map(function (s) {
        return { type: kind, name: s.name, data: s.values, barMaxWidth: 24 };
      })
    };
  }

  function draw() {
    if (!window.echarts) {
      return;
    }
    var charts = [];
    document.querySelectorAll('.chart[data-table]').forEach(function (el) {
      var table = document.getElementById(el.getAttribute('data-table'));
      if (!table || !table.tBodies[0] || table.tBodies[0].rows.length === 0) {
        el.hidden = true;
        return;
      }
      var columns = el.getAttribute('data-columns').split(',').map(Number);
      var chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option(el.getAttribute('data-chart'), read(table, columns), el.getAttribute('data-unit')));
      el.setAttribute('data-drawn', 'true');
      charts.push(chart);
    });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
