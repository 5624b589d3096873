// Progressive enhancement for the discussion under an article: newly approved comments
// and the comment count appear without a reload (server-sent events). Without
// JavaScript the page works the same, only without live updates.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section || !window.EventSource) {
    return;
  }
  var live = section.getAttribute("data-live");
  var list = section.querySelector(".comment-list");
  var count = section.querySelector("[data-comment-count]");
  var status = section.querySelector(".live-status");
  if (!live || !list) {
    return;
  }
  var source = new EventSource(live);
  source.addEventListener("comment", function (event) {
    var data = JSON.parse(event.data);
    if (count) {
      count.textContent = String(data.count);
    }
    if (document.getElementById("comment-" + data.id)) {
      return;
    }
    var template = document.createElement("template");
    template.innerHTML = data.html;
    var item = template.content.firstElementChild;
    if (!item) {
      return;
    }
    item.classList.add("comment-new");
    if (data.parentId) {
      var parent = document.getElementById("comment-" + data.parentId);
      var replies = parent && parent.querySelector(".comment-replies");
      if (replies) {
        replies.appendChild(item);
      } else if (parent) {
        var ol = document.createElement("ol");
        ol.className = "comment-replies";
        ol.appendChild(item);
        parent.appendChild(ol);
      }
    } else if (section.getAttribute("data-sort") === "oldest") {
      list.appendChild(item);
    } else {
      list.insertBefore(item, list.querySelector(".comment:not(.featured)"));
    }
    if (status) {
      status.textContent = "New comment from " + data.author + ".";
    }
  });
})();
