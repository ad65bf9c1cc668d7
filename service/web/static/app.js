// Type to narrow a long list (units, members): rows whose text does not contain what was typed
// are hidden. The pages work without it; it only saves scrolling.
document.addEventListener("input", (event) => {
  const box = event.target.closest("[data-filter]");
  if (!box) return;
  const wanted = box.value.trim();
  document.querySelectorAll(box.dataset.filter).forEach((row) => {
    row.hidden = wanted !== "" && !row.textContent.includes(wanted);
  });
});
