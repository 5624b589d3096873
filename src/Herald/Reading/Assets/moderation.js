// Keyboard shortcuts for the moderation queue: j/k move between comments, a approves,
// r rejects (asking for a reason), s marks as spam, f features, x selects for a bulk action.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  if (items.length === 0) {
    return;
  }
  var current = 0;
  function focus(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle("queue-current", i === current); });
    items[current].focus();
  }
  function press(selector) {
    var button = items[current].querySelector(selector);
    if (button) {
      button.click();
    }
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    switch (event.key) {
      case "j": focus(current + 1); break;
      case "k": focus(current - 1); break;
      case "a": press("button[value=approve]"); break;
      case "s": press("button[value=spam]"); break;
      case "f": press("button[name=featured]"); break;
      case "x": press("input[type=checkbox]"); break;
      case "r":
        var reason = items[current].querySelector("input[name=reason]");
        if (reason) {
          reason.focus();
          event.preventDefault();
          return;
        }
        break;
      default: return;
    }
    event.preventDefault();
  });
  items.forEach(function (item, i) {
    item.setAttribute("tabindex", "-1");
    item.addEventListener("focusin", function () { current = i; });
  });
  focus(0);
})();
