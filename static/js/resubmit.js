// Sends again the form the user had submitted before confirming their
// identity (foundation/accounts/views_reauth.py). Without scripts, the
// user presses the button themselves.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("resume-form");
  if (form) {
    form.submit();
  }
});
