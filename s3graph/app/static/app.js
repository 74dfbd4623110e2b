// The explorer's only script, served from the package (no inline script anywhere):
// tables sort by a click on a heading; a SPARQL editor runs with Ctrl+Enter.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) { return x - y; }
    if (a === "") { return b === "" ? 0 : 1; }
    if (b === "") { return -1; }
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function sortBy(table, heading) {
    var index = Array.prototype.indexOf.call(heading.parentNode.children, heading);
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(heading.parentNode.children, function (other) {
      other.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(cellValue(a, index), cellValue(b, index));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("table.sortable th button.sort");
    if (button) { sortBy(button.closest("table"), button.closest("th")); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var editor = event.target.closest("textarea.sparql");
      if (editor && editor.form) { editor.form.requestSubmit(); }
    }
  });
})();
