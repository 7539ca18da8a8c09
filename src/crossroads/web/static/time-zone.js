/* Crossroads: fill a time zone field from this device's own setting.
   Progressive enhancement: the field works typed by hand, and the page without this script.
   A blank field (signing up) is filled; a field that says something else (the account page)
   gets a button offering the device's zone, so a saved choice is never changed unasked. */
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }

  function placeOf(field) {
    /* "New York, United States" from the field's list, where the zone has a place there. */
    var options = field.list ? field.list.options : [];
    for (var i = 0; i < options.length; i += 1) {
      if (options[i].getAttribute("data-zone") === zone) {
        return options[i].value;
      }
    }
    return zone;
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-detect-zone]"), function (field) {
    var place = placeOf(field);
    if (!field.value.trim()) {
      field.value = place;
      return;
    }
    var offer = document.getElementById(field.id + "-detected");
    var button = offer && offer.querySelector("button");
    if (field.value !== place && button) {
      button.textContent = "Use this device's time zone: " + place;
      button.addEventListener("click", function () {
        field.value = place;
        field.focus();
      });
      offer.hidden = false;
    }
  });
})();
