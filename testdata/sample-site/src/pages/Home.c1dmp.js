// Page code is not judged.
$w.onReady(function () {});
