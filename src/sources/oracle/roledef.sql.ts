/** ROLEDEF: every role, so that each SECTIONTEACHER.ROLEID has its name and key. */
export const ROLEDEF_SQL = `
SELECT rd.id,
       rd.name,
       rd.rolekey
  FROM roledef rd
 ORDER BY rd.id`;
