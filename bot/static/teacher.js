/* Teacher console: small conveniences only; every page works without this file. */
(function () {
  'use strict';

  // Narrow the entry list while typing in the search box, without reloading the page.
  var box = document.querySelector('[data-entry-filter]');
  var select = document.querySelector('[data-entry-select]');
  if (box && select) {
    var options = Array.prototype.slice.call(select.options);
    box.addEventListener('input', function () {
      var words = box.value.trim().toLowerCase();
      options.forEach(function (option) {
        option.hidden = words !== '' && option.text.toLowerCase().indexOf(words) < 0;
      });
    });
  }
})();
