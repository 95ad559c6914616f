// TypedTasks dashboard: draws the overview's chart, refreshes its counts, and asks before actions on a whole set.
// Plain ES2017 with no dependency; the server renders every page, so the dashboard works without this script too.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';

  function svg(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  // Processed and failed attempts per minute as two lines over a grid, the newest minute on the right.
  function drawChart(chart, minutes) {
    while (chart.firstChild) chart.removeChild(chart.firstChild);
    var width = 720, height = 200, top = 10, bottom = 20;
    var max = Math.max(1, Math.max.apply(null, minutes.map(function (m) { return m.processed; })));
    var step = minutes.length > 1 ? width / (minutes.length - 1) : width;
    function y(value) { return top + (height - top - bottom) * (1 - value / max); }
    [0, 0.5, 1].forEach(function (f) {
      chart.appendChild(svg('line', { x1: 0, x2: width, y1: y(max * f), y2: y(max * f), class: 'grid' }));
      var label = svg('text', { x: 4, y: y(max * f) - 2, class: 'axis' });
      label.textContent = String(Math.round(max * f));
      chart.appendChild(label);
    });
    ['processed', 'failed'].forEach(function (series) {
      var points = minutes.map(function (m, i) { return (i * step).toFixed(1) + ',' + y(m[series]).toFixed(1); }).join(' ');
      chart.appendChild(svg('polyline', { points: points, class: series, 'data-series': series }));
    });
    var end = svg('text', { x: width - 4, y: height - 4, class: 'axis', 'text-anchor': 'end' });
    end.textContent = 'now';
    chart.appendChild(end);
    var start = svg('text', { x: 4, y: height - 4, class: 'axis' });
    start.textContent = '-' + minutes.length + ' min';
    chart.appendChild(start);
    var total = document.getElementById('tt-chart-total');
    if (total) {
      var sum = minutes.reduce(function (s, m) { return [s[0] + m.processed, s[1] + m.failed]; }, [0, 0]);
      total.textContent = sum[0] + ' processed, ' + sum[1] + ' failed in the last hour';
    }
  }

  function updateCounts(queues) {
    queues.forEach(function (q) {
      var row = document.querySelector('tr[data-queue="' + CSS.escape(q.name) + '"]');
      if (!row) return;
      row.querySelectorAll('[data-count]').forEach(function (cell) {
        var value = q[cell.getAttribute('data-count')];
        if (typeof value === 'number') cell.textContent = value.toLocaleString('en-US');
      });
      var state = row.querySelector('[data-paused]');
      if (state) {
        var text = q.paused ? 'paused' : 'running';
        state.setAttribute('data-paused', text);
        state.textContent = text;
      }
    });
  }

  function overview() {
    var data = document.getElementById('tt-data');
    var chart = document.getElementById('tt-chart');
    if (!data || !chart) return;
    var initial = JSON.parse(data.textContent);
    drawChart(chart, initial.throughput);
    var every = parseInt(data.getAttribute('data-refresh-ms'), 10) || 2000;
    setInterval(function () {
      fetch(data.getAttribute('data-api'), { credentials: 'same-origin', cache: 'no-store' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (fresh) {
          if (!fresh) return;
          drawChart(chart, fresh.throughput);
          updateCounts(fresh.queues);
        })
        .catch(function () { /* the next tick tries again */ });
    }, every);
  }

  function confirmations() {
    document.querySelectorAll('button[data-confirm]').forEach(function (button) {
      button.addEventListener('click', function (event) {
        if (!window.confirm(button.getAttribute('data-confirm'))) event.preventDefault();
      });
    });
    document.querySelectorAll('input[data-select-all]').forEach(function (all) {
      all.addEventListener('change', function () {
        all.closest('form').querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    overview();
    confirmations();
  });
})();
