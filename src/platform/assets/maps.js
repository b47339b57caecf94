// Maps without this file are complete: every area has a title, and the table beside the map has
// every figure. This adds a keyboard path through the areas and a tooltip for the one in focus
// or under the pointer. The map is one stop in the tab order (a roving tabindex); the arrow
// keys, Home and End move between areas in the order of the table (by name).

function labelOf(area) {
  return area.querySelector('title')?.textContent ?? '';
}

function enhanceMap(figure) {
  const svg = figure.querySelector('svg');
  if (!svg) return;
  const areas = [...svg.querySelectorAll('.app-map__areas path')];
  if (areas.length === 0) return;
  const tooltip = document.createElement('div');
  tooltip.className = 'app-map-tooltip';
  tooltip.hidden = true;
  figure.append(tooltip);

  // The picture becomes a group of labelled areas once they can be reached one by one.
  svg.setAttribute('role', 'group');
  for (const area of areas) {
    area.setAttribute('role', 'img');
    area.setAttribute('aria-label', labelOf(area));
    area.setAttribute('tabindex', '-1');
  }
  areas[0].setAttribute('tabindex', '0');

  const show = (area) => {
    const box = area.getBoundingClientRect();
    const frame = figure.getBoundingClientRect();
    tooltip.textContent = labelOf(area);
    tooltip.hidden = false;
    tooltip.style.left = `${Math.max(0, box.left - frame.left + box.width / 2)}px`;
    tooltip.style.top = `${Math.max(0, box.top - frame.top - 36)}px`;
  };
  const hide = () => {
    tooltip.hidden = true;
  };
  const moveTo = (index) => {
    for (const area of areas) area.setAttribute('tabindex', '-1');
    const next = areas[(index + areas.length) % areas.length];
    next.setAttribute('tabindex', '0');
    next.focus();
  };

  svg.addEventListener('keydown', (event) => {
    const index = areas.indexOf(document.activeElement);
    if (index < 0) return;
    const steps = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (event.key in steps) moveTo(index + steps[event.key]);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(areas.length - 1);
    else if (event.key === 'Escape') hide();
    else return;
    event.preventDefault();
  });
  svg.addEventListener('focusin', (event) => areas.includes(event.target) && show(event.target));
  svg.addEventListener('focusout', hide);
  svg.addEventListener('mouseover', (event) => areas.includes(event.target) && show(event.target));
  svg.addEventListener('mouseleave', hide);
}

export function enhanceMaps(root) {
  for (const figure of root.querySelectorAll('[data-app-map]')) enhanceMap(figure);
  for (const wrapper of root.querySelectorAll('.app-map-print')) {
    wrapper.hidden = false;
    wrapper.querySelector('[data-app-print]')?.addEventListener('click', () => window.print());
  }
}
