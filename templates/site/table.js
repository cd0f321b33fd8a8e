(function () {
  "use strict";
  var table = document.getElementById("assets");
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  function applyFilter() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row, index) {
      var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " assets shown";
  }

  function sortBy(column) {
    var header = headers[column];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var numeric = header.classList.contains("number");
    headers.forEach(function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (row, index) {
      var cell = row.cells[column];
      var raw = cell.getAttribute("data-value");
      var key = raw === null ? cell.textContent.trim().toLowerCase() : raw;
      return { row: row, index: index, key: numeric ? (key === "" ? -Infinity : Number(key)) : key };
    });
    keyed.sort(function (a, b) {
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index;
      return ascending ? order : -order;
    });
    var body = table.tBodies[0];
    keyed.forEach(function (item) { body.appendChild(item.row); });
  }

  headers.forEach(function (header, column) {
    header.querySelector("button").addEventListener("click", function () { sortBy(column); });
  });
  filter.addEventListener("input", applyFilter);
  filter.disabled = false;
  applyFilter();
}());
