// The round on a tablet: tapping "符合" saves the item at once; tapping "不符合"
// opens the finding's fields (note, owner, deadline, photo) and its save button.
// Without this script every item posts with its own save button.
document.documentElement.classList.add("walk-js");
document.querySelectorAll(".walk-item").forEach((form) => {
  form.querySelectorAll("input[name=ok]").forEach((radio) => {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      if (radio.value === "1") {
        form.classList.remove("is-bad", "wants-finding");
        form.requestSubmit();
      } else {
        form.classList.add("wants-finding");
        form.querySelector("input[name=note]").focus();
      }
    });
  });
});
