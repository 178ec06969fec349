// One day of a project's product activity, as the Overview shows it: from rollups, raw events or warm Parquet files.
export interface DailyActivity {
  day: string;
  sessions: number;
  activeUsers: number;
  messages: number;
  errors: number;
  thumbsUp: number;
  thumbsDown: number;
}
