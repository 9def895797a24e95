// The draft editor: drag a page by its title to reorder the pages. Only a quicker way to do what the "Move up"
// and "Move down" buttons do: the order is sent as an ordinary form POST, and without JavaScript nothing changes.
document.addEventListener("DOMContentLoaded", function () {
  var list = document.querySelector("ol.builder-pages[data-order-url]");
  if (!list || !list.dataset.orderUrl) { return; }
  var pages = Array.prototype.slice.call(list.querySelectorAll(":scope > li.builder-page"));
  if (pages.length < 2) { return; }
  var dragged = null;

  function send() {
    var form = document.createElement("form");
    form.method = "post";
    form.action = list.dataset.orderUrl;
    var order = Array.prototype.map.call(list.querySelectorAll(":scope > li.builder-page"), function (li) {
      return li.dataset.number;
    }).join(",");
    [["csrf_token", document.querySelector("input[name=csrf_token]").value],
     ["revision", document.querySelector("input[name=revision]").value],
     ["order", order]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  pages.forEach(function (li) {
    li.draggable = true;
    li.classList.add("builder-page--draggable");
    li.addEventListener("dragstart", function (event) {
      dragged = li;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", li.dataset.number);
      li.classList.add("builder-page--dragged");
    });
    li.addEventListener("dragend", function () {
      li.classList.remove("builder-page--dragged");
    });
    li.addEventListener("dragover", function (event) {
      if (dragged && dragged !== li) { event.preventDefault(); }
    });
    li.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged || dragged === li) { return; }
      var box = li.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? li.nextSibling : li);
      dragged = null;
      send();
    });
  });
  var hint = document.getElementById("builder-drag-hint");
  if (hint) { hint.hidden = false; }
});
