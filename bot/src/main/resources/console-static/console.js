// Officials' console: the little script it needs. Forms marked data-confirm ask first.
document.addEventListener('submit', function (e) {
  var form = e.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    e.preventDefault();
  }
});
