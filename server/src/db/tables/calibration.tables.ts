/** The class calibrations (migration 0014_calibration). */

export interface ClassCalibrationsTable {
  class_id: string;
  organization_id: string;
  computed_at: string;
  /** JSON: the `GET /classes/{id}/calibration` body (items with their version ids, students with names). */
  body: string;
}

export interface CalibrationTables {
  class_calibrations: ClassCalibrationsTable;
}
