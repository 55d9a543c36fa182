// Officials' console: the little script it needs. Forms marked data-confirm ask first.
document.addEventListener('submit', function (e) {
  var form = e.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    e.preventDefault();
  }
});

// A page showing live progress (a running campaign) reloads itself every data-refresh seconds.
(function () {
  var link = document.querySelector('[data-refresh]');
  if (link) {
    window.setTimeout(function () { window.location.reload(); }, 1000 * parseInt(link.getAttribute('data-refresh'), 10));
  }
})();
