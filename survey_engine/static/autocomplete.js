/* Turns each select[data-autocomplete] into a WAI-ARIA 1.2 combobox with a listbox popup that filters the
   options by what is typed. The select stays in the form, hidden, and always holds the answer, so the POST is the
   same with or without this script; without it the plain select works. */
(function () {
  "use strict";

  // Announcements wait for a pause in typing, so a screen reader reads one count rather than one per key.
  var ANNOUNCE_DELAY = 500;

  function enhance(select) {
    var id = select.id;
    var listId = id + "__listbox";
    var choices = Array.prototype.filter.call(select.options, function (option) { return option.value !== ""; })
      .map(function (option, index) { return {value: option.value, label: option.text, id: listId + "-" + index}; });
    var shown = [];  // the choices the listbox shows now
    var active = -1;  // the index in shown of the option aria-activedescendant names, or -1
    var announceTimer = null;

    var wrapper = document.createElement("div");
    wrapper.className = "autocomplete";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "input autocomplete__input" + (select.classList.contains("input--error") ? " input--error" : "");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("autocapitalize", "none");
    input.spellcheck = false;
    if (select.hasAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    }
    var listbox = document.createElement("ul");
    listbox.id = listId;
    listbox.className = "autocomplete__listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    var none = document.createElement("p");
    none.className = "autocomplete__none";
    none.textContent = select.dataset.autocompleteNone;
    none.hidden = true;
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      label.id = label.id || id + "__label";
      listbox.setAttribute("aria-labelledby", label.id);
    }
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");

    // The label, the hint and the error summary's link name the field by its id: the input takes it over.
    select.id = id + "__select";
    input.id = id;
    var chosen = select.options[select.selectedIndex];
    input.value = chosen && chosen.value !== "" ? chosen.text : "";
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(none);
    wrapper.appendChild(status);
    select.parentNode.insertBefore(wrapper, select);

    function announce() {
      var count = shown.length;
      var text = count === 0 ? select.dataset.autocompleteNone
        : count === 1 ? select.dataset.autocompleteOne
          : select.dataset.autocompleteMany.replace("{count}", String(count));
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () { status.textContent = text; }, ANNOUNCE_DELAY);
    }

    // The select holds the option whose label is exactly what was typed (ignoring case), or no answer.
    function syncSelect() {
      var typed = input.value.trim().toLowerCase();
      var match = choices.filter(function (choice) { return choice.label.toLowerCase() === typed; })[0];
      select.value = match ? match.value : "";
    }

    function setActive(index) {
      active = index;
      Array.prototype.forEach.call(listbox.children, function (item, i) {
        var on = i === index;
        item.setAttribute("aria-selected", on ? "true" : "false");
        item.classList.toggle("autocomplete__option--active", on);
        if (on) { item.scrollIntoView({block: "nearest"}); }
      });
      if (index >= 0 && shown.length) {
        input.setAttribute("aria-activedescendant", shown[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      var typed = input.value.trim().toLowerCase();
      shown = choices.filter(function (choice) { return choice.label.toLowerCase().indexOf(typed) !== -1; });
      listbox.textContent = "";
      shown.forEach(function (choice) {
        var item = document.createElement("li");
        item.id = choice.id;
        item.className = "autocomplete__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = choice.label;
        listbox.appendChild(item);
      });
      // A listbox may hold only options, so "No results found" is a paragraph beside it.
      listbox.hidden = !shown.length;
      none.hidden = !!shown.length;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      setActive(-1);
      announce();
    }

    function close() {
      listbox.hidden = true;
      none.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function choose(index) {
      input.value = shown[index].label;
      select.value = shown[index].value;
      close();
      input.focus();
    }

    input.addEventListener("input", function () {
      syncSelect();
      if (input.value.trim()) { open(); } else { close(); }
    });

    input.addEventListener("keydown", function (event) {
      var isOpen = input.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (!isOpen) { open(); }
        if (shown.length) { setActive(event.altKey ? -1 : (active + 1) % shown.length); }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        event.preventDefault();
        if (!isOpen) { open(); }
        if (shown.length) { setActive(active <= 0 ? shown.length - 1 : active - 1); }
      } else if (event.key === "Enter") {
        // Enter picks the active option; with none, it submits the form as a plain field would.
        if (isOpen && active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (isOpen) {
          close();
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        // Escape closes the list; a second Escape clears the field, as the ARIA pattern suggests.
        if (isOpen) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          syncSelect();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    // mousedown would move focus off the input before click: keep it there, so the list stays usable.
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    listbox.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) { choose(shown.map(function (choice) { return choice.id; }).indexOf(item.id)); }
    });
    input.addEventListener("blur", close);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autocomplete]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
