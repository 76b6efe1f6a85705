// Only improves the page: without it every form still posts and is checked on the server.
// 1. A typed code whose check symbol is wrong is refused before anything is sent (Luhn mod 32
//    over the alphabet 23456789ABCDEFGHJKLMNPQRSTUVWXYZ, as the server checks it).
// 2. Answers are kept in sessionStorage so the back button does not lose them.
(function () {
  var A = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  function valid(code) {
    // NFKC first, as the server reads it: full-width input (Ｋ７ＱＭ－３…) is the same code.
    var s = (code.normalize ? code.normalize("NFKC") : code).toUpperCase().replace(/[-\s]/g, "");
    if (s.length !== 10) return false;
    var sum = 0, dbl = false;
    for (var i = s.length - 1; i >= 0; i--) {
      var v = A.indexOf(s[i]);
      if (v < 0) return false;
      var a = dbl ? v * 2 : v;
      sum += Math.floor(a / 32) + (a % 32);
      dbl = !dbl;
    }
    return sum % 32 === 0;
  }
  var entry = document.getElementById("code-form");
  if (entry) {
    entry.addEventListener("submit", function (e) {
      var input = document.getElementById("code");
      var msg = document.getElementById("code-error");
      if (!valid(input.value)) {
        e.preventDefault();
        msg.textContent = "邀请码有误（校验位不符），请核对后重新输入";
        input.focus();
      }
    });
  }
  var form = document.getElementById("answers");
  if (form && window.sessionStorage) {
    var key = "kaoping:" + location.pathname;
    var saved = JSON.parse(sessionStorage.getItem(key) || "{}");
    form.querySelectorAll("input[type=radio]").forEach(function (r) {
      if (saved[r.name] === r.value && !form.querySelector("input[name='" + r.name + "']:checked")) r.checked = true;
      r.addEventListener("change", function () {
        saved[r.name] = r.value;
        sessionStorage.setItem(key, JSON.stringify(saved));
      });
    });
  }
})();
