// Progressive enhancement for the desk editor; every action also works as a plain form.
// Bold, italic and link buttons (and Ctrl+B, Ctrl+I, Ctrl+K) wrap the selection of an
// inline-markup field in the tags the article format allows; Ctrl+S saves.
(function () {
  "use strict";

  function wrap(area, before, after) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    area.value = text.slice(0, start) + before + text.slice(start, end) + after + text.slice(end);
    area.focus();
    area.setSelectionRange(start + before.length, end + before.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function link(area) {
    var url = window.prompt("Link address (https://…)", "https://");
    if (url && /^https?:\/\//.test(url)) {
      wrap(area, '<a href="' + url.replace(/"/g, "&quot;") + '">', "</a>");
    }
  }

  var actions = {
    bold: function (a) { wrap(a, "<strong>", "</strong>"); },
    italic: function (a) { wrap(a, "<em>", "</em>"); },
    link: link
  };

  document.querySelectorAll("textarea[data-inline]").forEach(function (area) {
    var tools = document.createElement("div");
    tools.className = "inline-tools";
    [["bold", "Bold", "Ctrl+B"], ["italic", "Italic", "Ctrl+I"], ["link", "Link", "Ctrl+K"]].forEach(function (t) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.textContent = t[1];
      b.title = t[1] + " (" + t[2] + ")";
      b.addEventListener("click", function () { actions[t[0]](area); });
      tools.appendChild(b);
    });
    area.parentNode.insertBefore(tools, area);
    area.addEventListener("keydown", function (e) {
      if (!(e.ctrlKey || e.metaKey)) { return; }
      var key = e.key.toLowerCase();
      var name = key === "b" ? "bold" : key === "i" ? "italic" : key === "k" ? "link" : null;
      if (name) { e.preventDefault(); actions[name](area); }
    });
  });

  var editor = document.querySelector("form.editor");
  if (editor) {
    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        var save = editor.querySelector("button[value=save]");
        if (save) { save.click(); }
      }
    });
  }
})();
