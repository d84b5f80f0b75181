import { describe, expect, it } from 'vitest';
import { chooseCarrier, compactTrackingNumber, detectCarrier } from './detect-carrier.js';

// Test numbers: `test_numbers.valid` / `.invalid` of jkeen/tracking_number_data (MIT),
// couriers/*.json (https://github.com/jkeen/tracking_number_data).

describe('detectCarrier: valid public test numbers', () => {
  it.each([
    // couriers/ups.json
    ['1Z5R89390357567127', 'ups', 'ups-1z'],
    ['1Z879E930346834440', 'ups', 'ups-1z'],
    ['1Z410E7W0392751591', 'ups', 'ups-1z'],
    ['1Z8V92A70367203024', 'ups', 'ups-1z'],
    // couriers/usps.json (IMpb with and without the 420+ZIP routing prefix, 20/22/26 digits)
    ['9400 1112 0108 0805 4830 16', 'usps', 'usps-impb'],
    ['9361 2898 7870 0317 6337 95', 'usps', 'usps-impb'],
    ['9505 5110 6960 5048 6006 24', 'usps', 'usps-impb'],
    ['9101 1234 5678 9000 0000 13', 'usps', 'usps-impb'],
    ['9405803699300124287899', 'usps', 'usps-impb'],
    ['92748931507708513018050063', 'usps', 'usps-impb'],
    ['420 22153 9101026837331000039521', 'usps', 'usps-impb'],
    ['4201002334249200190132607600833457', 'usps', 'usps-impb'],
    ['0307 1790 0005 2348 3741', 'usps', 'usps-impb'],
    ['7196 9010 7560 0307 7385', 'usps', 'usps-impb'],
    // a FedEx SmartPost 20-digit number: an IMpb without its 92 prefix, decoded as USPS (jkeen/tracking_number_data v2.0.0)
    ['61299998820821171811', 'usps', 'usps-impb'],
    // couriers/s10.json
    ['RB123456785US', 'usps', 'usps-s10'],
    // couriers/fedex.json
    ['986578788855', 'fedex', 'fedex-express-12'],
    ['477179081230', 'fedex', 'fedex-express-12'],
    ['799531274483', 'fedex', 'fedex-express-12'],
    ['7 9 0 5 3 5 3 1 2 3 1 7', 'fedex', 'fedex-express-12'],
    ['0414 4176 0228 964', 'fedex', 'fedex-ground-15'],
    ['5682 8361 0012 000', 'fedex', 'fedex-ground-15'],
    ['5682 8361 0012 734', 'fedex', 'fedex-ground-15'],
    ['9611020987654312345672', 'fedex', 'fedex-ground-96'],
    // couriers/ontrac.json
    ['C11031500001879', 'ontrac', 'ontrac'],
    ['C 110 31 500 00187 9', 'ontrac', 'ontrac'],
    ['C10999911320231', 'ontrac', 'ontrac'],
    ['D10011354453707', 'ontrac', 'ontrac'],
    ['D10011342332145', 'ontrac', 'ontrac'],
    // couriers/dhl.json
    ['3318810025', 'dhl', 'dhl-express'],
    ['73891051146', 'dhl', 'dhl-express'],
    ['8487135506', 'dhl', 'dhl-express'],
    ['JJD0099999999', 'dhl', 'dhl-express'],
    ['JVGL0999999990', 'dhl', 'dhl-express'],
    ['GM2951173225174494', 'dhl-ecommerce', 'dhl-ecommerce'],
    // couriers/lasership.json
    ['LX17635036', 'lasership', 'lasership'],
    ['1LS717793482164', 'lasership', 'lasership'],
    // couriers/amazon.json
    ['TBA502887274000', 'amazon', 'amazon-logistics'],
  ])('%s → %s (%s)', (number, carrier, format) => {
    expect(detectCarrier(number)).toEqual({ carrier, format, trackingNumber: compactTrackingNumber(number) });
  });
});

describe('detectCarrier: invalid public test numbers', () => {
  it.each([
    '1Z1111111111111111', // UPS: bad check digit
    '2Z5R89390357567127',
    '1A5R89390357567127',
    '9200000000000000000000', // USPS IMpb: bad check digit
    '9261292700768711948020',
    '996578788855', // FedEx Express: bad check digit
    '5682 8361 0012 732', // FedEx Ground: bad check digit
    '9600000000000000000001',
    'C10000000000000', // OnTrac: bad check digit
    'C11031500001889',
    'D10011345983012',
    '3318810010', // DHL Express: bad mod 7
    '3318810034',
    'RB123456786US', // S10: bad check digit
    'TBB000000000000',
    'LA17635036',
    '',
    'not a tracking number',
  ])('%s → undefined', (number) => {
    expect(detectCarrier(number)).toBeUndefined();
  });

  it('does not name a carrier for an S10 number of another postal service', () => {
    expect(detectCarrier('RB123456785GB')).toBeUndefined();
  });
});

describe('compactTrackingNumber', () => {
  it('removes spaces and hyphens and upper-cases', () => {
    expect(compactTrackingNumber(' 1z 999-aa1\t01 2345 6784 ')).toBe('1Z999AA10123456784');
  });
});

describe('chooseCarrier', () => {
  it('keeps the carrier the distributor reported even when the number looks like another', () => {
    // A UPS-looking number reported as FedEx stays FedEx: the distributor knows what it shipped.
    expect(chooseCarrier('fedex', '1Z5R89390357567127')).toBe('fedex');
  });

  it('uses the hint only when the distributor did not name a known carrier', () => {
    expect(chooseCarrier('other', '1Z5R89390357567127')).toBe('ups');
    expect(chooseCarrier('other', 'PIGEON-42')).toBe('other');
  });
});
