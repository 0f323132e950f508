// Sort the students' table by any column (a button in each heading; aria-sort says the order).
// Written here rather than taken from a library: it is twenty lines, and the report must stay one
// self-contained file that opens offline.
document.querySelectorAll("table.sortable").forEach((table) => {
  const headings = [...table.tHead.rows[0].cells];
  const body = table.tBodies[0];
  const value = (row, col) => {
    const cell = row.cells[col];
    return cell.dataset.value !== undefined ? Number(cell.dataset.value) : cell.textContent.trim();
  };
  headings.forEach((th, col) => {
    th.querySelector("button").addEventListener("click", () => {
      const descending = th.getAttribute("aria-sort") === "ascending";
      headings.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      const rows = [...body.rows];
      rows.sort((a, b) => {
        const x = value(a, col);
        const y = value(b, col);
        const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
});
