// The review app's only script: images and screenshots load only when a reviewer asks to see one.
// No inline handlers (the Content-Security-Policy forbids them); everything else works without JS.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button.reveal') : null;
  if (!button) return;
  const src = button.getAttribute('data-src');
  if (!src?.startsWith('/ads/')) return;
  const img = document.createElement('img');
  img.src = src;
  img.alt = 'image from the ad, shown on request';
  img.className = 'revealed';
  const hide = document.createElement('button');
  hide.type = 'button';
  hide.textContent = 'Hide';
  hide.addEventListener('click', () => {
    img.remove();
    hide.replaceWith(button);
  });
  button.replaceWith(hide);
  hide.after(img);
});
