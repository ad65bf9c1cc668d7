// Small conveniences; every page works without them.

// Type to narrow a long list (units, members): rows whose text does not contain what was
// typed are hidden.
document.addEventListener("input", (event) => {
  const box = event.target.closest("[data-filter]");
  if (!box) return;
  const wanted = box.value.trim();
  document.querySelectorAll(box.dataset.filter).forEach((row) => {
    const chosen = row.classList.contains("chosen");
    row.hidden = wanted !== "" && !chosen && !row.textContent.includes(wanted);
  });
});

// A unit given a role in the assignment table stays highlighted and in view when the list is
// narrowed again, and the line above the table sums up what has been chosen so far.
document.addEventListener("change", (event) => {
  const select = event.target.closest(".unit-list select");
  if (!select) return;
  select.closest("tr").classList.toggle("chosen", select.value !== "");
  const table = select.closest("table");
  const chosen = [...table.querySelectorAll("select")]
    .filter((s) => s.value !== "")
    .map((s) => `${s.labels[0].textContent}（${s.selectedOptions[0].textContent.trim()}）`);
  const summary = document.getElementById(table.dataset.summary);
  if (summary) summary.querySelector("span").textContent = chosen.join("、") || "尚未选择";
});

// A link to a form (#event-accept) opens it.
function openTarget() {
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.tagName === "DETAILS") target.open = true;
}
window.addEventListener("hashchange", openTarget);

// After a refused form, go to the first field with a message, so the reader starts there.
document.addEventListener("DOMContentLoaded", () => {
  openTarget();
  const invalid = document.querySelector("[aria-invalid='true']");
  if (invalid) {
    invalid.scrollIntoView({ block: "center" });
    invalid.focus({ preventScroll: true });
  }
});
