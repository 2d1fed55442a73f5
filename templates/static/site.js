// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Changing the sort order searches again at once (without JS the "Áp dụng" button does it).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // On phones, fold the filter panel unless a filter is active, so results come first.
  var filters = document.querySelector("details.filters");
  if (filters && window.matchMedia("(max-width: 759px)").matches &&
      !filters.querySelector(".facet-link.is-selected")) {
    filters.open = false;
  }
})();
