// Inside the card form's iframe: takes the whole window (not just the frame) to the link marked data-top.
document.addEventListener('DOMContentLoaded', function () {
  var link = document.querySelector('a[data-top]');
  if (link) window.top.location.href = link.href;
});
