// An in-house banner: keeps the choice on window.myBanner and announces saves with an event.
;(function () {
  window.myBanner = { choice: undefined }
  function save(analytics) {
    window.myBanner.choice = { necessary: true, analytics: analytics }
    dispatchEvent(new CustomEvent('my-banner:saved'))
  }
  document.getElementById('accept').addEventListener('click', function () {
    save(true)
  })
  document.getElementById('reject').addEventListener('click', function () {
    save(false)
  })
})()
