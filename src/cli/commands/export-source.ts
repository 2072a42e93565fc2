import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { ErrorCodes, RollcallError } from '../../errors.js';
import { CsvExport } from '../../sources/csv-export.js';
import { isRecordSource } from '../../sources/records.js';
import type { RollcallCommand } from '../command.js';
import type { CommandContext } from '../context.js';
import { makeSource } from '../make-source.js';
import { dateOption, pathOption } from '../options.js';
import { todayOr } from '../today.js';

interface Args {
  config: string;
  out: string;
  today?: string;
}

/**
 * Captures what the configured PowerSchool source says now as CSV files in the fixture format,
 * so a district can keep tonight's data and CI can plan from it offline (--source-dir).
 */
export function exportSourceCommand(ctx: CommandContext): RollcallCommand<Args> {
  return {
    command: 'export-source',
    synopsis: 'rollcall export-source --config FILE --out DIR [--today YYYY-MM-DD] [options]',
    describe: 'Write what the configured PowerSchool source returns as CSV files (schools, students, users, schoolstaff, and the class tables with powerschool.classes)',
    builder: (y) =>
      y
        .option('config', pathOption('Config file (JSON or YAML)', true))
        .option('out', pathOption('Directory to write schools.csv, students.csv, users.csv, schoolstaff.csv (and the class tables\' files) in', true))
        .option('today', dateOption('With powerschool.classes: export the classes of this date\'s school year and later ones, YYYY-MM-DD (default: today, local time)')) as never,
    handler: async (args) => {
      const config = await loadConfig(args.config);
      const events = ctx.log;
      for (const w of config.warnings) events.emit({ level: 'warn', code: 'CONFIG_WARNING', message: `${args.config}: ${w}` });
      const source = await makeSource(config, undefined, ctx.env, todayOr(args.today));
      if (!isRecordSource(source)) {
        throw new RollcallError(
          ErrorCodes.USAGE,
          `${args.config}: powerschool.source is "${config.config.powerschool.source}", which is already files (${source.description}); export-source reads the oracle or rest source`,
        );
      }
      const out = path.resolve(args.out);
      const files = await CsvExport.open(out, source.selection);
      try {
        await source.readRecords(files);
        await files.commit();
      } catch (err) {
        await files.abort();
        throw err;
      }
      for (const issue of files.issues) events.emit({ level: 'warn', code: issue.code, message: issue.message });
      const c = files.counts;
      events.emit({
        level: 'info',
        code: 'SOURCE_EXPORTED',
        message:
          `wrote ${args.out} from ${source.description}: ${c.schools} schools, ${c.students} students, ${c.users} staff, ${c.schoolstaff} school assignments` +
          (source.selection.classes === null
            ? ''
            : `, ${c.sections} sections, ${c.courses} courses, ${c.terms} terms, ${c.cc} enrollments, ${c.sectionteacher} section teachers, ${c.roledef} roles`) +
          `. Plan from it with: rollcall plan --source-dir ${args.out} ...`,
        data: { ...c },
      });
    },
  };
}
