/* ECharts 图表的统一入口：图上的字用页面同一套中文字体（画布不跟 CSS 走，默认是 sans-serif），
   电脑上没有中文字体时先取随应用发布的思源黑体里图上用到的字符块，取到后重画一次。 */
(function () {
  var BUNDLED = "'Noto Sans SC Variable'";
  window.rongmeiChart = function (el, option) {
    var family = window.getComputedStyle(document.body).fontFamily;
    var chart = echarts.init(el);
    option.textStyle = Object.assign({fontFamily: family}, option.textStyle || {});
    chart.setOption(option);
    if (document.fonts && family.indexOf('Noto Sans SC Variable') >= 0) {
      document.fonts.load('12px ' + BUNDLED, JSON.stringify(option)).then(function (faces) {
        if (faces.length && !chart.isDisposed()) { chart.clear(); chart.setOption(option); }
      }).catch(function () {});
    }
    window.addEventListener('resize', function () { chart.resize(); });
    return chart;
  };
})();
