// Stock levels and reordering.

/** How many units to order so stock covers the lead time plus a safety margin. */
export function reorderQuantity(onHand, dailyDemand, leadDays, safetyDays = 2) {
  if (dailyDemand <= 0) {
    return 0;
  }
  const needed = dailyDemand * (leadDays + safetyDays);
  return onHand >= needed ? 0 : needed - onHand;
}

/** How many days the stock on hand lasts; infinite when nothing is sold. */
export function daysOfCover(onHand, dailyDemand) {
  if (dailyDemand <= 0) {
    return Infinity;
  }
  return onHand / dailyDemand;
}
