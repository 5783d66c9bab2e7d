// Show only the identity fields of the chosen customer type (person or enterprise). Without
// JavaScript both sets stay visible and the server ignores the ones that do not apply.
document.addEventListener("DOMContentLoaded", () => {
  const choices = document.querySelectorAll('input[name="party_kind"]');
  const groups = document.querySelectorAll(".yekuo-party-fields");
  if (!choices.length || !groups.length) {
    return;
  }
  const update = () => {
    const chosen = document.querySelector('input[name="party_kind"]:checked');
    groups.forEach((group) => {
      group.hidden = chosen !== null && group.dataset.partyKind !== chosen.value;
    });
  };
  choices.forEach((choice) => choice.addEventListener("change", update));
  update();
});
