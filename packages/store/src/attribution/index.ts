/** Attribution's data in the warehouse: journeys and paths built by the engine. */
export {
  type AttributionJourneys,
  type AttributionPaths,
  type AttributionWindow,
  attributionJourneys,
  attributionPaths,
  attributionPathsSql,
  type JourneyBounds,
  type JourneySql,
  journeyBounds,
  journeyRowsSql,
  type WarehousePath,
} from './journeys.js';
