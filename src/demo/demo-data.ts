/** The demo salon's catalogue and clients: realistic, fixed data (phones written in the forms people use). */
export const demoTenant = { name: 'Estética Luna (demo)', slug: 'demo', timezone: 'America/Mexico_City', defaultCountry: 'MX' } as const;

export const demoBranches = [
  { name: 'Sucursal Centro', address: 'Av. Juárez 120, Centro, Guadalajara', phone: '33 3614 2200' },
  { name: 'Sucursal Providencia', address: 'Av. Providencia 2450, Guadalajara', phone: '33 3641 7788' },
];

export const demoServices = [
  { name: 'Corte de Cabello Premium', durationMinutes: 45, priceCents: 35000 },
  { name: 'Manicure y Pedicure', durationMinutes: 60, priceCents: 42000 },
  { name: 'Tinte y Mechas', durationMinutes: 120, priceCents: 120000 },
  { name: 'Facial Hidratante', durationMinutes: 60, priceCents: 65000 },
  { name: 'Masaje Relajante', durationMinutes: 60, priceCents: 70000 },
];

export const demoProfessionals = ['Carlos García', 'Sofía Ramírez', 'Valeria Torres', 'Diego Hernández'];

const firstNames = ['María', 'Juan', 'Ana', 'Pedro', 'Laura', 'Roberto', 'Lucía', 'Miguel', 'Fernanda', 'Jorge'];
const lastNames = ['González', 'Pérez', 'López', 'Martínez', 'Rodríguez'];

/** 50 clients; every fifth writes the phone in a legacy Mexican form, which the API normalises. */
export function demoClients() {
  return Array.from({ length: 50 }, (_, i) => {
    const local = `33 1${String(200 + i).padStart(3, '0')} ${String(1000 + i * 7).padStart(4, '0')}`;
    const phone = i % 5 === 0 ? `044 ${local}` : i % 5 === 1 ? `+52 1 ${local}` : local;
    const firstName = firstNames[i % firstNames.length];
    const lastName = lastNames[Math.floor(i / firstNames.length) % lastNames.length];
    return {
      firstName,
      lastName,
      phone,
      email: `${firstName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()}.${i}@example.com`,
      marketingConsent: i % 3 !== 0,
    };
  });
}
