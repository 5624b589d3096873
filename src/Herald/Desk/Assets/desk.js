// Progressive enhancement for the desk editor; every action also works as a plain form.
// Bold, italic and link buttons (and Ctrl+B, Ctrl+I, Ctrl+K) wrap the selection of an
// inline-markup field in the tags the article format allows; Ctrl+S saves; what is typed
// is kept in the browser until it is saved.
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

  // Autosave: what is typed is kept in this browser (never sent) until the form is
  // submitted, so a closed tab or a lost connection does not lose it. Coming back to the
  // same revision offers to put it back.
  if (editor && window.localStorage) {
    var baseField = editor.querySelector("input[name='Form.BaseRevision']");
    var key = "herald-desk:" + location.pathname + ":" + (baseField ? baseField.value : "");
    var fields = function () {
      return Array.prototype.filter.call(editor.elements, function (el) {
        return el.name && el.name.indexOf("Form.") === 0 && el.type !== "hidden";
      });
    };
    var snapshot = function () {
      var values = {};
      fields().forEach(function (el) { values[el.name] = el.type === "checkbox" ? el.checked : el.value; });
      return values;
    };
    var initial = snapshot();
    var stored = null;
    try { stored = window.localStorage.getItem(key); } catch (e) { stored = null; }
    // Only values that differ from what the page shows count (a block command's page already has them).
    var differs = stored !== null && Object.keys(JSON.parse(stored)).some(function (name) {
      return Object.prototype.hasOwnProperty.call(initial, name) && JSON.parse(stored)[name] !== initial[name];
    });
    if (differs) {
      var offer = document.createElement("p");
      offer.className = "notice";
      offer.setAttribute("role", "status");
      offer.textContent = "This browser kept changes you did not save. ";
      var restore = document.createElement("button");
      restore.type = "button";
      restore.className = "secondary";
      restore.textContent = "Restore them";
      restore.addEventListener("click", function () {
        var values = JSON.parse(stored);
        fields().forEach(function (el) {
          if (Object.prototype.hasOwnProperty.call(values, el.name)) {
            if (el.type === "checkbox") { el.checked = values[el.name]; } else { el.value = values[el.name]; }
          }
        });
        offer.remove();
      });
      offer.appendChild(restore);
      editor.parentNode.insertBefore(offer, editor);
    }
    var status = document.createElement("p");
    status.className = "autosave-status";
    status.setAttribute("aria-live", "polite");
    var side = editor.querySelector(".editor-side fieldset");
    if (side) { side.appendChild(status); }
    var timer = null;
    editor.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          window.localStorage.setItem(key, JSON.stringify(snapshot()));
          status.textContent = "Changes kept in this browser; save to make a revision.";
        } catch (e) { status.textContent = ""; }
      }, 800);
    });
    editor.addEventListener("submit", function (e) {
      var command = e.submitter && e.submitter.value;
      // Block commands keep editing the same unsaved form; everything else saves it.
      if (command && !/^(add|up|down|remove):/.test(command)) {
        try { window.localStorage.removeItem(key); } catch (err) { /* storage may be off */ }
      }
    });
  }

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
