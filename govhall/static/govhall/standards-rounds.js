// The round on a tablet: choosing "不符合" opens the finding's fields at once;
// the form still posts without this script (the fields then show after saving).
document.querySelectorAll(".walk-item").forEach((form) => {
  form.querySelectorAll("input[name=ok]").forEach((radio) => {
    radio.addEventListener("change", () => {
      form.classList.toggle("wants-finding", radio.value === "0" && radio.checked);
      if (radio.value === "1" && radio.checked) form.classList.remove("is-bad");
    });
  });
});
