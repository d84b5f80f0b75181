// The fixtures are model data (an offer, a sales order, an instant); they live with the model so
// that the model's, eligibility's and catalog's tests need not import routing. Routing's tests
// and the others keep importing them from here.
export { NOW, offer, order } from '../../model/__fixtures__/model-fixtures.js';
