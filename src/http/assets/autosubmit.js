// Submits the form marked data-autosubmit as soon as the page loads (the <noscript> button does the same).
document.addEventListener('DOMContentLoaded', function () {
  var form = document.querySelector('form[data-autosubmit]');
  if (form) form.submit();
});
