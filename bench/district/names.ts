/** Names for synthetic people: common US names, with the apostrophes, hyphens and accents real exports hold. */
export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Ava', 'Elijah', 'Sophia', 'Mateo', 'Isabella', 'Lucas',
  'Mia', 'Levi', 'Charlotte', 'Asher', 'Harper', 'James', 'Luna', 'Leo', 'Evelyn', 'Grayson', 'Gianna', 'Ezra',
  'Aria', 'Luca', 'Ellie', 'Ethan', 'Camila', 'Aiden', 'Nora', 'Wyatt', 'Layla', 'Sebastian', 'Hazel', 'Jack',
  'Chloe', 'Jackson', 'Zoe', 'Henry', 'Riley', 'Daniel', 'Lily', 'Michael', 'Scarlett', 'Owen', 'Emily', 'Theodore',
  'Penelope', 'Samuel', 'Violet', 'Jacob', 'Aurora', 'Julian', 'Stella', 'David', 'Hannah', 'Isaiah', 'Lucy', 'Jayden',
  'Grace', 'John', 'Nova', 'Santiago', 'Eleanor', 'Hudson', 'Paisley', 'Maverick', 'Ximena', 'Joseph', 'Aaliyah',
  'Carter', 'Madison', 'Kai', 'Emilia', 'Gabriel', 'Ivy', 'Anthony', 'Naomi', 'Isaac', 'Valentina', 'Dylan', 'Elena',
  'Muhammad', 'Maya', 'Jaxon', 'Willow', 'Lincoln', 'Kinsley', 'Christopher', 'Sofía', 'José', 'Zoë', 'Chloé', 'Renée',
  'André', 'Nguyen', 'Priya', 'Arjun', 'Mei', 'Hiroshi', 'Fatima', 'Omar', 'Aisha', 'Dmitri', 'Anna-Maria', 'Jean-Luc',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen',
  'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall',
  'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker',
  'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez',
  'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward',
  'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  "O'Brien", "O'Connor", "D'Angelo", 'García-López', 'Smith-Jones', 'Müller', 'Nuñez', 'Ibáñez', 'Van der Berg', 'St. John',
  'Kowalski', 'Novak', 'Patel', 'Shah', 'Chen', 'Wang', 'Zhang', 'Tanaka', 'Yamamoto', 'Okafor', 'Mensah', 'Haddad',
];

export const PLACES = [
  'Maplewood', 'Oak Ridge', 'Cedar', 'Pine Hill', 'Lakeside', 'Riverside', 'Willow Creek', 'Brookfield', 'Fairview',
  'Highland', 'Meadowbrook', 'Sunnyside', 'Westwood', 'Eastgate', 'Northview', 'Southfield', 'Hillcrest', 'Greenwood',
  'Springdale', 'Clearwater', 'Stonebridge', 'Ashford', 'Birchwood', 'Elmhurst', 'Foxboro', 'Glenview', 'Hawthorne',
  'Ironwood', 'Juniper', 'Kingsley', 'Lincoln', 'Madison', 'Jefferson', 'Washington', 'Roosevelt', 'Kennedy', 'Franklin',
];

/** An address part from a name: lower case ASCII letters only (García-López -> garcialopez). */
export function addressPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
