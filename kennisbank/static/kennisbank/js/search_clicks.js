// Counts a reader's click on a search result where the browser does not post the link's ping
// itself (Firefox sends no pings): the same address, posted once more. Marking a search as
// clicked is idempotent (search/events.py), so browsers that also ping count it once.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[ping]");
  if (link && navigator.sendBeacon) {
    navigator.sendBeacon(link.getAttribute("ping"));
  }
});
