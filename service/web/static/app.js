// Small conveniences; every page works without them.

// Type to narrow a long list (units, members): rows whose name does not hold what was typed
// are hidden. The characters typed need only come in order, so the short names offices use
// find the full one (卫健委 finds 市卫生健康委员会, 交通局 市交通运输局).
function holdsInOrder(text, wanted) {
  let at = 0;
  for (const character of wanted) {
    at = text.indexOf(character, at);
    if (at < 0) return false;
    at += character.length;
  }
  return true;
}

document.addEventListener("input", (event) => {
  const box = event.target.closest("[data-filter]");
  if (!box) return;
  const wanted = box.value.replace(/\s+/g, "");
  document.querySelectorAll(box.dataset.filter).forEach((row) => {
    const chosen = row.classList.contains("chosen");
    // The row's name (its label), not the words of the choices beside it (主办, 会办 …).
    const name = (row.querySelector("label") || row).textContent;
    row.hidden = wanted !== "" && !chosen && !holdsInOrder(name, wanted);
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

// 已有相似提案: while a member writes, the proposals like what is written so far are shown
// beside the form, asked for a moment after the typing stops.
document.addEventListener("input", (event) => {
  const form = event.target.form;
  const box = form && form.querySelector("[data-similar]");
  if (!box || !["title", "background", "analysis", "suggestions", "body"].includes(event.target.name)) return;
  clearTimeout(box.pending);
  box.pending = setTimeout(async () => {
    const sent = new FormData();
    for (const name of ["csrf_token", "title", "background", "analysis", "suggestions", "body"]) {
      if (form.elements[name]) sent.append(name, form.elements[name].value);
    }
    try {
      const answer = await fetch(box.dataset.similar, { method: "POST", body: sent });
      if (!answer.ok) return;
      box.innerHTML = await answer.text();
      box.hidden = box.innerHTML.trim() === "";
    } catch (error) {
      // Offline or the service restarting: the form works without the list.
    }
  }, 700);
});

// 设为主办: a suggested unit is chosen as the lead in the table below, as if chosen there.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-lead]");
  if (!button) return;
  const select = document.getElementById(button.dataset.lead);
  if (!select) return;
  select.value = "lead";
  select.dispatchEvent(new Event("change", { bubbles: true }));
  select.focus();
});

// 再加一项承诺: a blank copy of the last row, numbered on (the form reads every row it is sent).
document.querySelectorAll("[data-add-row]").forEach((button) => { button.hidden = false; });
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const rows = button.parentElement.querySelectorAll("[data-row]");
  const last = rows[rows.length - 1];
  const next = Number(last.dataset.row) + 1;
  const copy = last.cloneNode(true);
  copy.dataset.row = String(next);
  copy.querySelectorAll("[id], [for], [name]").forEach((element) => {
    for (const attribute of ["id", "for", "name"]) {
      const value = element.getAttribute(attribute);
      if (value) element.setAttribute(attribute, value.replace(`-${last.dataset.row}-`, `-${next}-`));
    }
  });
  copy.querySelectorAll("input").forEach((input) => {
    input.value = "";
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  });
  copy.querySelectorAll(".field-error").forEach((message) => message.remove());
  const label = copy.querySelector("label");
  if (label) label.textContent = `事项${rows.length + 1}`;
  last.after(copy);
  button.hidden = rows.length + 1 >= Number(button.dataset.most || 20);
  copy.querySelector("input").focus();
});

// On a phone a working list's ten filters would fill the first screen: they fold away until
// asked for, unless some are chosen (the page marks those without any `data-idle`).
if (window.matchMedia("(max-width: 760px)").matches) {
  document.querySelectorAll("details.filter-fold[data-idle]").forEach((fold) => {
    fold.open = false;
  });
}
