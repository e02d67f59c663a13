// symgen practice page: draw maths with KaTeX, live preview, checks and proofs over the JSON API.
"use strict";

function drawMath(root) {
  if (!window.katex) return;
  root.querySelectorAll(".tex").forEach(function (el) {
    if (el.dataset.drawn) return;
    try {
      window.katex.render(el.dataset.tex, el, {
        displayMode: el.classList.contains("display"),
        throwOnError: false,
        trust: false,
        maxSize: 50,
        maxExpand: 1000,
      });
      el.dataset.drawn = "1";
    } catch (err) {
      el.textContent = el.dataset.tex;
    }
  });
}

function post(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  }).then(function (response) {
    return response.json().then(function (data) {
      if (!response.ok) throw new Error(data.error || response.statusText);
      return data;
    });
  });
}

function showError(box, message) {
  box.innerHTML = "";
  var p = document.createElement("p");
  p.className = "error";
  p.textContent = message;
  box.appendChild(p);
}

function setupAsk(section, lang) {
  var form = section.querySelector(".answer-form");
  var input = section.querySelector(".answer");
  var preview = section.querySelector(".preview-body");
  var outcome = section.querySelector(".outcome");
  var ids = { problem: section.dataset.problem, ask: section.dataset.ask };
  var timer = null;
  var empty = preview ? preview.textContent : "";
  var asked = 0;

  function refreshPreview() {
    var text = input.value;
    var mine = ++asked;
    if (!text.trim()) {
      preview.className = "preview-body muted";
      preview.textContent = empty;
      return;
    }
    post("/api/preview", { problem: ids.problem, ask: ids.ask, answer: text })
      .then(function (data) {
        if (mine !== asked) return;
        preview.className = "preview-body";
        preview.innerHTML = "";
        var span = document.createElement("span");
        span.className = "tex";
        span.dataset.tex = data.latex;
        span.textContent = data.latex;
        preview.appendChild(span);
        drawMath(preview);
      })
      .catch(function (err) {
        if (mine !== asked) return;
        preview.className = "preview-body error";
        preview.textContent = err.message;
      });
  }

  if (preview && input.tagName === "INPUT") {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refreshPreview, 200);
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    outcome.textContent = "…";
    post("/api/check", { problem: ids.problem, ask: ids.ask, answer: input.value, lang: lang })
      .then(function (data) {
        outcome.innerHTML = data.html;
        drawMath(outcome);
      })
      .catch(function (err) { showError(outcome, err.message); });
  });
}

function setupProve(lang) {
  var form = document.getElementById("prove-form");
  if (!form) return;
  var claim = document.getElementById("claim");
  var identity = document.getElementById("identity");
  var result = document.getElementById("prove-result");
  identity.addEventListener("change", function () {
    if (identity.value) claim.value = identity.value;
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    result.textContent = "…";
    post("/api/prove", { text: claim.value, lang: lang })
      .then(function (data) {
        result.innerHTML = data.html;
        drawMath(result);
      })
      .catch(function (err) { showError(result, err.message); });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  var lang = document.body.dataset.lang || "en";
  drawMath(document.body);
  document.querySelectorAll("section.ask").forEach(function (s) { setupAsk(s, lang); });
  setupProve(lang);
});
